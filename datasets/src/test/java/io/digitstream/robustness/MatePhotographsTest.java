package io.digitstream.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.debian.PinnedFiles;
import io.digitstream.synthetic.Texture;
import io.digitstream.synthetic.TrainingPhotographs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatePhotographsTest {

    /** Really runs apt-get download mate-backgrounds (about 47 MB) into an empty cache. */
    @Test
    void fetchesThePinnedPhotographsAndDrawsTexturedPatchesFromThem(@TempDir Path cache) throws IOException {
        PhotoPatches photographs = MatePhotographs.fetch(cache);

        assertThat(photographs.count()).isEqualTo(12);
        assertThat(photographs.origin()).startsWith("Debian package mate-backgrounds 1.26.0-1, file list SHA-256 ");
        SplittableRandom random = new SplittableRandom(11);
        int textured = 0;
        for (int i = 0; i < 200; i++) {
            byte[] patch = photographs.draw(28, random);
            assertThat(patch).hasSize(28 * 28);
            textured += PhotoPatches.std(patch) >= PhotoPatches.MIN_STD ? 1 : 0;
        }
        assertThat(textured).isGreaterThanOrEqualTo(190);
    }

    @Test
    void plainPhotographsStillGiveTheirMostTexturedPatch() {
        byte[] flat = new byte[100 * 100];
        java.util.Arrays.fill(flat, (byte) 90);
        flat[50 * 100 + 50] = (byte) 255;
        PhotoPatches patches = new PhotoPatches(List.of(new Texture("flat", 100, 100, flat, true)), "test");
        byte[] patch = patches.draw(28, new SplittableRandom(3));
        assertThat(patch).hasSize(28 * 28);
        assertThat(PhotoPatches.std(patch)).isLessThan(PhotoPatches.MIN_STD);
    }

    @Test
    void thePhotographsAreNotScikitImagesOrEachOther() {
        assertThat(MatePhotographs.FILES).hasSize(12);
        assertThat(MatePhotographs.FILES.stream().map(pinned -> pinned.sha256()).distinct()).hasSize(12);
        assertThat(MatePhotographs.FILES).allSatisfy(pinned -> assertThat(pinned.fileName()).endsWith(".jpg"));
    }

    /** back-image-b measures generalisation to photographs training never saw. */
    @Test
    void noEvaluationPhotographIsATrainingPhotograph() {
        assertThat(TrainingPhotographs.files()).isNotEmpty().allSatisfy(training -> {
            for (PinnedFiles.Pinned evaluation : MatePhotographs.FILES) {
                assertThat(training.sha256()).as(training.path()).isNotEqualTo(evaluation.sha256());
                assertThat(training.fileName()).as(training.path()).isNotEqualToIgnoringCase(evaluation.fileName());
            }
        });
        assertThat(TrainingPhotographs.files()).noneMatch(training -> training.path().contains("mate"));
    }
}
