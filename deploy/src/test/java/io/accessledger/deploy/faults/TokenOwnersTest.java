package io.accessledger.deploy.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.deploy.faults.TokenOwners.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline of who held each tracking-processor segment, read from {@code tokenentry} owners. */
class TokenOwnersTest {
    private static String name(long pid) {
        return pid == 101 ? "1" : pid == 202 ? "2" : null;
    }

    @Test
    void eachSegmentsHoldersAreNamedByTheirProcessAndEachChangeOfHandsIsTimed() {
        TokenOwners owners = new TokenOwners("policy-service", 1_000, TokenOwnersTest::name);

        owners.sample(1_000, List.of(new Row("outbox", 0, "101@host/a"), new Row("evaluations", 0, "101@host/a")));
        owners.sample(2_000, List.of(new Row("outbox", 0, "101@host/a"), new Row("evaluations", 0, null)));
        owners.sample(3_000, List.of(new Row("outbox", 0, "101@host/a"), new Row("evaluations", 0, "202@host/b")));
        owners.sample(4_000, List.of(new Row("outbox", 0, "202@host/b"), new Row("evaluations", 0, "202@host/b")));

        assertThat(owners.markdown()).contains("4 readings")
                .contains("- `outbox #0`: instance 1 (+0 s) → instance 2 (+3 s), 4 readings")
                .contains("- `evaluations #0`: instance 1 (+0 s) → unclaimed (+1 s) → instance 2 (+2 s), 4 readings");
        assertThat(owners.heldBy("2")).containsExactly("outbox #0", "evaluations #0");
        assertThat(owners.heldBy("1")).containsExactly("outbox #0", "evaluations #0");
        assertThat(owners.directHandovers()).isEqualTo(1); // outbox: taken from 1 without a release seen
    }

    @Test
    void anOwnerThatIsNoneOfTheRunsInstancesIsShownAsSuch() {
        TokenOwners owners = new TokenOwners("approval-service", 0, TokenOwnersTest::name);

        owners.sample(0, List.of(new Row("outbox", 0, "999@host/dead")));

        assertThat(owners.markdown()).contains("another node (999@host/dead)");
        assertThat(owners.heldBy("1")).isEmpty();
    }
}
