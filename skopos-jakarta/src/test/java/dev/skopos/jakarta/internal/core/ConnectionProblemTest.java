package dev.skopos.jakarta.internal.core;

import dev.skopos.jakarta.ConnectionProblem;
import dev.skopos.jakarta.internal.pocketbase.LoginRefusal;
import dev.skopos.jakarta.internal.pocketbase.LoginRefusedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionProblemTest {

    @ParameterizedTest
    @CsvSource({"CREDENTIALS, 400, credentials", "SECOND_FACTOR, 401, mfa-required",
            "ADDRESS_NOT_ALLOWED, 403, ip-not-allowed", "OTHER, 403, login-refused"})
    void eachLoginRefusalHasAReasonOfItsOwn(LoginRefusal refusal, int status, String reason) {
        assertThat(ConnectionProblems.of(new LoginRefusedException(refusal, status, "refused")).code())
                .isEqualTo(reason);
    }
}
