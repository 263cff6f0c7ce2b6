package io.agentruntime;

import static com.tngtech.archunit.base.DescribedPredicate.and;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.agentruntime.common.db.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the architecture picture (README, "The parts"; docs/development.md), checked on the compiled main classes so
 * that they stay true as the code grows: who may depend on whom, and what a way in may touch.
 */
class ArchitectureTest {

    private static final String ROOT = "io.agentruntime";
    private static final String[] FEATURES = {"agent", "auth", "lookup", "provider", "session", "task", "usage"};
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    /** Classes of a feature may use the feature itself, {@code common}, the libraries, and the listed ones. */
    private static ArchRule onlyUses(String feature, String... allowed) {
        String[] packages = new String[allowed.length + 3];
        packages[0] = ROOT + "." + feature + "..";
        packages[1] = ROOT + ".common..";
        packages[2] = "java..";
        for (int i = 0; i < allowed.length; i++) {
            packages[i + 3] = ROOT + "." + allowed[i] + "..";
        }
        return noClasses()
                .that()
                .resideInAPackage(ROOT + "." + feature + "..")
                .should()
                .dependOnClassesThat(and(resideInAPackage(ROOT + ".."), not(resideInAnyPackage(packages))))
                .because(feature + " may use only " + String.join(", ", allowed) + " of ours");
    }

    @Test
    void agentKnowsFilesAndDefinitionsOnly() {
        onlyUses("agent").check(main);
    }

    @Test
    void lookupUsesTheAgentCatalogOnly() {
        onlyUses("lookup", "agent").check(main);
    }

    @Test
    void providerKnowsNothingOfAgentsSessionsOrTasks() {
        onlyUses("provider").check(main);
    }

    @Test
    void sessionKnowsNothingOfProvidersOrTasks() {
        // auth for the tenant scope its store confines every query to
        onlyUses("session", "auth").check(main);
    }

    @Test
    void authKnowsWhoIsCallingAndNothingElse() {
        onlyUses("auth").check(main);
    }

    @Test
    void commonServesEveryFeatureAndUsesNone() {
        onlyUses("common").check(main);
    }

    @Test
    void taskTiesTheFeaturesTogetherAndNoFeatureCallsBack() {
        onlyUses("task", "agent", "lookup", "provider", "session", "auth", "usage")
                .check(main);
    }

    @Test
    void usageKnowsTheCallerAndNothingOfTasks() {
        // auth for the tenant scope and the caller's role; the task engine reports to it, never the reverse
        onlyUses("usage", "auth").check(main);
    }

    @Test
    void theOpenAiWayInUsesOnlyTheServicesOfTaskSessionAndAgent() {
        onlyUses("openaicompat", "agent", "session", "task").check(main);
    }

    @Test
    void theA2aWayInUsesOnlyTheServicesOfTaskSessionAndAgentAndTheAuthSettings() {
        // auth: only to declare in the cards the credentials /v1 takes
        onlyUses("a2a", "agent", "auth", "session", "task").check(main);
    }

    @Test
    void featuresFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void entitiesNeverLeaveTheirFeature() {
        for (String feature : FEATURES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + "." + feature + "..")
                    .should()
                    .dependOnClassesThat(
                            and(resideInAPackage(ROOT + "." + feature + ".."), annotatedWith(Entity.class)))
                    .because("an entity is the private state of its feature's service")
                    .allowEmptyShould(true)
                    .check(main);
        }
    }

    @Test
    void aFeatureRootKnowsNothingOfItsSubPackages() {
        // Not yet provider (its registry, in the root, builds the protocol clients).
        for (String feature : new String[] {"agent", "auth", "lookup", "session", "task", "usage"}) {
            noClasses()
                    .that()
                    .resideInAPackage(ROOT + "." + feature)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(ROOT + "." + feature + ".*..")
                    .because("the root holds the service interface and its records; the roles implement them")
                    .check(main);
        }
    }

    @Test
    void nobodyReachesIntoAnotherFeaturesWaysInOrStore() {
        for (String feature : FEATURES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + "." + feature + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            ROOT + "." + feature + ".api..",
                            ROOT + "." + feature + ".run..",
                            ROOT + "." + feature + ".store..")
                    .because("other features and the ways in use a feature through its root")
                    .check(main);
        }
    }

    @Test
    void theCommandModeIsAWayInThatTouchesNoEntityOrEngine() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".cli..")
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(Entity.class)
                .check(main);
    }

    /**
     * Tenant isolation lives in the data access: the repositories add the {@code TenantScope}'s tenant to every
     * query. So nothing else may query: no class but a repository touches the EntityManager or Hibernate's
     * session, and nobody calls a repository's inherited Panache methods (findById, list, delete, ...), which
     * know no tenant; only the methods the repository declares itself (and flush, which reads nothing). API
     * keys are exempt: they are the administrators', across tenants by design.
     */
    @Test
    void onlyTheTenantScopedRepositoriesQuery() {
        noClasses()
                .that(not(REPOSITORIES))
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(EntityManager.class, org.hibernate.Session.class, jakarta.persistence.Query.class)
                .because("the repositories scope every query to the caller's tenant")
                .check(main);
        // The tenants' data; API keys (auth) are the administrators', across tenants by design.
        String[] tenantsData = {ROOT + ".session..", ROOT + ".task..", ROOT + ".usage.."};
        noClasses()
                .that(not(REPOSITORIES))
                .and()
                .resideInAnyPackage(tenantsData)
                .should()
                .callMethodWhere(UNSCOPED_REPOSITORY_METHOD)
                .because("an inherited Panache method reads and writes every tenant's rows")
                .check(main);
        classes()
                .that(REPOSITORIES)
                .and()
                .resideInAnyPackage(tenantsData)
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.agentruntime.auth.TenantScope")
                .because("a repository confines what it reads to the tenant scope")
                .check(main);
    }

    /**
     * Plain SQL ({@code common.db.Sql}, the task path's writes) knows no tenant either: only the tenant-scoped
     * repositories of the tenants' data may run it, so that each of its statements is confined there too.
     */
    @Test
    void onlyTheTenantScopedRepositoriesRunPlainSql() {
        noClasses()
                .that(not(and(
                        REPOSITORIES, resideInAnyPackage(ROOT + ".session..", ROOT + ".task..", ROOT + ".usage.."))))
                .and()
                .resideOutsideOfPackage(ROOT + ".common.db..")
                .should()
                .dependOnClassesThat()
                // Sql itself runs the statements; its Params and Columns only bind and read a row's values.
                .haveFullyQualifiedName(Sql.class.getName())
                .because("the repositories scope every statement to the caller's tenant")
                .check(main);
    }

    private static final DescribedPredicate<JavaClass> REPOSITORIES = DescribedPredicate.describe(
            "Panache repositories", c -> c.isAssignableTo(PanacheRepositoryBase.class) && !c.isInterface());

    private static final DescribedPredicate<JavaMethodCall> UNSCOPED_REPOSITORY_METHOD = DescribedPredicate.describe(
            "an inherited method of a Panache repository",
            call -> call.getTargetOwner().isAssignableTo(PanacheRepositoryBase.class)
                    && !call.getName().equals("flush")
                    && call.getTargetOwner()
                            .tryGetMethod(
                                    call.getName(),
                                    call.getTarget().getRawParameterTypes().stream()
                                            .map(JavaClass::getName)
                                            .toArray(String[]::new))
                            .isEmpty());

    @Test
    void theTaskWaysInUseTheTaskServiceOnly() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".task.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".task.run..", ROOT + ".task.store..")
                .because("REST and SSE call the TaskService interface; the engine and its tables stay behind it")
                .check(main);
    }

    @Test
    void restResourcesLiveInTheirFeature() {
        classes()
                .that()
                .areAnnotatedWith(jakarta.ws.rs.Path.class)
                .and()
                .areNotInterfaces() // a provider's typed REST client is an interface with @Path too
                .should()
                .resideInAPackage(ROOT + ".(agent|lookup|session|task|auth|openaicompat|usage|a2a)..")
                .allowEmptyShould(true)
                .check(main);
    }
}
