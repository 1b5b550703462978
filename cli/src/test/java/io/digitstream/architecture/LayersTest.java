package io.digitstream.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules' layers, from the bottom: the contracts; the small shared pieces; the lab's data; the model (image to
 * digit); the runtime service and the engines; the lab and the tools; the launcher. A layer uses only layers below
 * it, so the runtime never carries the lab's downloads and generators. Maven's module graph forbids most upward
 * imports already; this test names the rule and also holds inside modules that share a class path in tests.
 */
class LayersTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.digitstream");
    }

    static LayeredArchitecture layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Contracts").definedBy("io.digitstream.schemas..")
                .layer("Common").definedBy("io.digitstream.config..", "io.digitstream.command..", "io.digitstream.idx..",
                        "io.digitstream.image..", "io.digitstream.kafka..", "io.digitstream.metrics..",
                        "io.digitstream.progress..", "io.digitstream.verify..")
                .layer("Datasets").definedBy("io.digitstream.mnist..", "io.digitstream.debian..", "io.digitstream.synthetic..",
                        "io.digitstream.robustness..", "io.digitstream.dataset..", "io.digitstream.imagefolder..",
                        "io.digitstream.fetch..")
                .layer("Model").definedBy("io.digitstream.model..")
                .layer("Service").definedBy("io.digitstream.classifier..")
                .layer("Engines").definedBy("io.digitstream.onnx..")
                .layer("Lab").definedBy("io.digitstream.lab..")
                .layer("Tools").definedBy("io.digitstream.tools..")
                .layer("Launcher").definedBy("io.digitstream.cli..")
                .whereLayer("Launcher").mayNotBeAccessedByAnyLayer()
                .whereLayer("Lab").mayOnlyBeAccessedByLayers("Launcher")
                .whereLayer("Tools").mayOnlyBeAccessedByLayers("Launcher")
                // The service finds engines through ServiceLoader, never by name.
                .whereLayer("Engines").mayOnlyBeAccessedByLayers("Launcher")
                .whereLayer("Service").mayOnlyBeAccessedByLayers("Lab", "Launcher")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Service", "Engines", "Lab", "Launcher")
                .whereLayer("Datasets").mayOnlyBeAccessedByLayers("Lab", "Tools", "Launcher")
                .whereLayer("Common").mayOnlyBeAccessedByLayers("Datasets", "Model", "Service", "Engines", "Lab", "Tools",
                        "Launcher")
                .whereLayer("Contracts").mayOnlyBeAccessedByLayers("Common", "Datasets", "Model", "Service", "Engines", "Lab",
                        "Tools", "Launcher");
    }

    @Test
    void everyModuleIsImported() {
        for (String module : new String[] {"schemas", "config", "mnist", "model", "classifier", "onnx", "lab", "tools", "cli"}) {
            assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith("io.digitstream." + module)))
                    .as("classes of io.digitstream.%s on the class path", module).isTrue();
        }
    }

    @Test
    void noLayerUsesALayerAboveIt() {
        layers().check(main);
    }

    @Test
    void everyClassBelongsToALayer() {
        layers().ensureAllClassesAreContainedInArchitecture().check(main);
    }

    @Test
    void packagesOfACapabilityHaveNoCycles() {
        slices().matching("io.digitstream.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void anUpwardImportIsCaught() {
        // The model using the service is exactly what the rule exists to refuse.
        JavaClasses upward = new ClassFileImporter().importClasses(UpwardImport.class, Upward.class);
        assertThatThrownBy(() -> layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy(UpwardImport.class.getName())
                .layer("Service").definedBy(Upward.class.getName())
                .whereLayer("Service").mayNotBeAccessedByAnyLayer()
                .check(upward))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(UpwardImport.class.getSimpleName());
    }

    static final class Upward {
        static int answer() {
            return 42;
        }
    }

    static final class UpwardImport {
        int use() {
            return Upward.answer();
        }
    }
}
