package io.shipwatch.status.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentFilterTest {
    @Test
    void effectivePageSize_appliesDefaultAndMax() {
        assertThat(DeploymentFilter.effectivePageSize(0)).isEqualTo(50);
        assertThat(DeploymentFilter.effectivePageSize(7)).isEqualTo(7);
        assertThat(DeploymentFilter.effectivePageSize(1001)).isEqualTo(1000);
    }
}
