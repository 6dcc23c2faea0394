package fr.tocsin.e2e;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.scenario.NationalOutage;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standby numbers for all 101 departments; a national outage of 15/17/18/112 makes every department's numbers
 * live on the public side, and resolving it withdraws them all. Timings are the benchmark's business
 * (bench/activation.sh); this test only checks the outcome.
 */
class NationalActivationIT {

    @Test
    void everyDepartmentGoesLiveAndIsWithdrawn() throws Exception {
        LocalStack stack = E2eStack.get();
        assertThat(stack.loadDemoNumbers()).startsWith("Demo standby numbers loaded");
        NationalOutage.Result result = new NationalOutage(stack).run(Duration.ofMinutes(2));
        assertThat(result.departmentsLive()).isEqualTo(101);
        System.out.printf("[e2e] national activation %d ms, withdrawal %d ms%n", result.activation().toMillis(),
                result.withdrawal().toMillis());
    }
}
