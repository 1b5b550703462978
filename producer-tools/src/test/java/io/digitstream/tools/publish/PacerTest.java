package io.digitstream.tools.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void spacesRecordsToTheRate() throws InterruptedException {
        Pacer pacer = new Pacer(200);
        long start = System.nanoTime();
        for (int i = 0; i <= 20; i++) {
            pacer.awaitTurn(i);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isBetween(100L, 1_000L); // record 20 is due 100 ms after record 0
    }

    @Test
    void returnsTheDueTimeNotTheTimeItReturns() throws InterruptedException {
        Pacer pacer = new Pacer(100);
        long first = pacer.awaitTurn(0);
        Thread.sleep(300); // a sender blocked for 300 ms: records 1 to 29 are overdue when it comes back

        long fifth = pacer.awaitTurn(5);
        long returned = System.nanoTime();

        assertThat(fifth - first).isEqualTo(50_000_000L); // 5 records at 100/s
        assertThat(returned - fifth).isGreaterThanOrEqualTo(240_000_000L);
    }

    @Test
    void zeroMeansNoLimit() throws InterruptedException {
        Pacer pacer = new Pacer(0);
        long start = System.nanoTime();
        pacer.awaitTurn(1_000_000);

        assertThat(System.nanoTime() - start).isLessThan(50_000_000L);
    }

    @Test
    void rejectsNegativeRates() {
        assertThatThrownBy(() -> new Pacer(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
