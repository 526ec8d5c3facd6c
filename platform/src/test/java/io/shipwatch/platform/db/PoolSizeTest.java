package io.shipwatch.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolSizeTest {
    @Test
    void forCores_isTwoPerCorePlusTwoWithAFloorOfFour() {
        assertThat(PoolSize.forCores(1)).isEqualTo(4);
        assertThat(PoolSize.forCores(2)).isEqualTo(6);
        assertThat(PoolSize.forCores(8)).isEqualTo(18);
    }
}
