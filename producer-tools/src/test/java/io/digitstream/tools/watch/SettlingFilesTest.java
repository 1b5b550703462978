package io.digitstream.tools.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettlingFilesTest {

    private final SettlingFiles settling = new SettlingFiles();

    @Test
    void aFileSettlesWhenTwoChecksInARowSeeTheSameSizeAndTime() {
        FileStamp first = new FileStamp("a.png", 100, 1_000);

        assertThat(settling.check(List.of(first))).isEmpty();
        assertThat(settling.check(List.of(new FileStamp("a.png", 100, 1_000)))).containsExactly(first);
    }

    @Test
    void aFileStillGrowingOrTouchedDoesNotSettle() {
        assertThat(settling.check(List.of(new FileStamp("a.png", 100, 1_000)))).isEmpty();
        assertThat(settling.check(List.of(new FileStamp("a.png", 200, 1_000)))).as("grew").isEmpty();
        assertThat(settling.check(List.of(new FileStamp("a.png", 200, 1_500)))).as("rewritten, same size").isEmpty();
        assertThat(settling.check(List.of(new FileStamp("a.png", 200, 1_500)))).hasSize(1);
    }

    @Test
    void anEmptyFileNeverSettles() {
        FileStamp empty = new FileStamp("a.png", 0, 1_000);
        for (int check = 0; check < 5; check++) {
            assertThat(settling.check(List.of(empty))).isEmpty();
        }
    }

    @Test
    void aSettledFileIsForgottenAndMustBeSeenTwiceAgain() {
        FileStamp stamp = new FileStamp("a.png", 100, 1_000);
        settling.check(List.of(stamp));
        assertThat(settling.check(List.of(stamp))).hasSize(1);

        assertThat(settling.check(List.of(stamp))).as("first sighting after it settled").isEmpty();
    }

    @Test
    void aFileMissingFromOneCheckStartsOver() {
        FileStamp a = new FileStamp("a.png", 100, 1_000);
        FileStamp b = new FileStamp("b.png", 100, 1_000);
        FileStamp bGrown = new FileStamp("b.png", 150, 1_100);
        settling.check(List.of(a, b));
        settling.check(List.of(bGrown)); // a vanished (renamed away) meanwhile, and comes back

        assertThat(settling.check(List.of(a, bGrown))).containsExactly(bGrown);
        assertThat(settling.check(List.of(a))).containsExactly(a);
    }
}
