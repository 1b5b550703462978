package io.digitstream.classifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {

    @Test
    void logsUpToTheBudgetPerMinuteAndAgainTheNextMinute() {
        AtomicLong now = new AtomicLong(120_000);
        LogBudget budget = new LogBudget(20, now::get);
        for (int line = 1; line <= 19; line++) {
            assertThat(budget.take()).isEqualTo(line);
        }
        assertThat(budget.take()).as("the budget: the last line, which says so").isEqualTo(20);
        assertThat(budget.take()).as("budget + 1: not logged").isZero();
        now.set(179_999);
        assertThat(budget.take()).as("still the same minute").isZero();
        now.set(180_000);
        assertThat(budget.take()).as("a new minute").isEqualTo(1);
    }
}
