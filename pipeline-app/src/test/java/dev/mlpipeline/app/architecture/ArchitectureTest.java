package dev.mlpipeline.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The hexagon's walls, checked over the main classes of every module. */
@AnalyzeClasses(packages = "dev.mlpipeline", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {
    private static final String BASE = "dev.mlpipeline";

    @ArchTest
    static final ArchRule core_depends_on_the_jdk_only = classes()
            .that().resideInAPackage(BASE + ".core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", BASE + ".core..")
            .because("embedders take pipeline-core without any library");

    @ArchTest
    static final ArchRule mongo_adapter_uses_core_and_the_driver_only = classes()
            .that().resideInAPackage(BASE + ".mongo..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", BASE + ".core..", BASE + ".mongo..", "com.mongodb..", "org.bson..")
            .because("an adapter adds only its own vendor to the core");

    @ArchTest
    static final ArchRule http_adapter_uses_core_javalin_its_runtime_and_jackson_only = classes()
            .that().resideInAPackage(BASE + ".http..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.crypto..", BASE + ".core..", BASE + ".http..", "io.javalin..",
                    "com.fasterxml.jackson..", "org.eclipse.jetty..", "jakarta.servlet..", "org.slf4j..", "kotlin..",
                    "org.jetbrains.annotations..")
            .because("the HTTP adapter (the API in, webhooks out) drives the core and nothing else");

    @ArchTest
    static final ArchRule sagemaker_adapter_uses_core_the_aws_sdk_and_jackson_only = classes()
            .that().resideInAPackage(BASE + ".sagemaker..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.imageio..", BASE + ".core..", BASE + ".sagemaker..",
                    "software.amazon.awssdk..", "com.fasterxml.jackson..")
            .because("an adapter adds only its own vendor to the core");

    @ArchTest
    static final ArchRule s3_adapter_uses_core_and_the_aws_sdk_only = classes()
            .that().resideInAPackage(BASE + ".s3..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", BASE + ".core..", BASE + ".s3..", "software.amazon.awssdk..")
            .because("an adapter adds only its own vendor to the core");

    @ArchTest
    static final ArchRule video_adapter_uses_core_javacv_and_jackson_streaming_only = classes()
            .that().resideInAPackage(BASE + ".video..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.xml.stream..", BASE + ".core..", BASE + ".video..",
                    "org.bytedeco..", "com.fasterxml.jackson.core..")
            .because("an adapter adds only its own vendor to the core");

    @ArchTest
    static final ArchRule three_floors_core_adapters_app = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Core").definedBy(BASE + ".core..")
            .layer("Mongo").definedBy(BASE + ".mongo..")
            .layer("Http").definedBy(BASE + ".http..")
            .layer("SageMaker").definedBy(BASE + ".sagemaker..")
            .layer("Video").definedBy(BASE + ".video..")
            .layer("S3").definedBy(BASE + ".s3..")
            .layer("App").definedBy(BASE + ".app..")
            .whereLayer("Core").mayNotAccessAnyLayer()
            .whereLayer("Mongo").mayOnlyAccessLayers("Core")
            .whereLayer("Http").mayOnlyAccessLayers("Core")
            .whereLayer("SageMaker").mayOnlyAccessLayers("Core")
            .whereLayer("Video").mayOnlyAccessLayers("Core")
            .whereLayer("S3").mayOnlyAccessLayers("Core")
            .whereLayer("Mongo").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Http").mayOnlyBeAccessedByLayers("App")
            .whereLayer("SageMaker").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Video").mayOnlyBeAccessedByLayers("App")
            .whereLayer("S3").mayOnlyBeAccessedByLayers("App")
            .whereLayer("App").mayNotBeAccessedByAnyLayer()
            .because("core depends on nothing, each adapter on core only, and only the app sees the adapters");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching(BASE + ".(mongo|http|sagemaker|video|s3)..")
            .should().notDependOnEachOther()
            .because("adapters meet only through the core's ports");

    @ArchTest
    static final ArchRule nothing_depends_on_the_app = noClasses()
            .that().resideOutsideOfPackage(BASE + ".app..")
            .should().dependOnClassesThat().resideInAPackage(BASE + ".app..")
            .because("the app is the single composition root");

    @ArchTest
    static final ArchRule modules_are_free_of_cycles = slices()
            .matching(BASE + ".(*)..")
            .should().beFreeOfCycles()
            .because("dependencies point inwards only");

    @ArchTest
    static final ArchRule core_packages_are_free_of_cycles = slices()
            .matching(BASE + ".core.(*)..")
            .should().beFreeOfCycles()
            .because("services use ports, ports use the domain, never the reverse");

    /** Leaves out test classes, including the core's test-jar of fakes (which needs JUnit). */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }
}
