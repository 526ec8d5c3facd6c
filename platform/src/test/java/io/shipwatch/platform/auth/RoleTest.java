package io.shipwatch.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleTest {
    @ParameterizedTest(name = "{0} grants {1}: {2}")
    @CsvSource({
            "VIEWER,VIEWER,true", "VIEWER,DEPLOYER,false", "VIEWER,SERVICE,false",
            "DEPLOYER,VIEWER,true", "DEPLOYER,DEPLOYER,true", "DEPLOYER,OPERATOR,false",
            "OPERATOR,VIEWER,true", "OPERATOR,DEPLOYER,false", "OPERATOR,OPERATOR,true",
            "AUDITOR,VIEWER,true", "AUDITOR,AUDITOR,true", "AUDITOR,SERVICE,false",
            "SERVICE,VIEWER,true", "SERVICE,SERVICE,true", "SERVICE,DEPLOYER,false"})
    void grants_followsTheRoleTable(Role held, Role required, boolean expected) {
        assertThat(held.grants(required)).isEqualTo(expected);
    }
}
