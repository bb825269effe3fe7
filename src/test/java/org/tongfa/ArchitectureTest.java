package org.tongfa;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.delivery.ChannelRegistry;

/**
 * The shape of the code, as rules over packages rather than over named pairs, so that a package added
 * later falls under them without anyone remembering to add it: one core ({@code delivery}) with a
 * Channel port that knows no outside system, one package per outside system under
 * {@code org.tongfa.channel.*}, each standing alone, and HTTP at the edge.
 *
 * <p>The layers, top to bottom (a layer uses only those below it; every class must be in one):
 * <pre>
 *   application        org.tongfa                       wires everything
 *   reports            report                           the annual disclosure report (年报), below the console
 *   features           item, asset, account, audit      what editors work on, who they are, the trail
 *   checks             check                            the pre-publish checks: read an item, say what is wrong
 *   compliance         compliance                       the freshness monitor: reads publication data, no channel
 *   adapters           channel.*                        one package per outside system
 *   adapter support    net, published                   what several adapters share
 *   core               delivery                         the Channel port, the ledger, the worker
 *   web                web, security                    problem answers, body limits, who may call what
 *   foundations        config, text, common             settings, the text rule, small shared facts
 * </pre>
 */
class ArchitectureTest {

    private static final String[] ADAPTER_SIDE = {"org.tongfa.channel..", "org.tongfa.net..", "org.tongfa.published.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tongfa");
    }

    @Test
    void everyPackageSitsInItsLayerAndUsesOnlyTheLayersBelow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("org.tongfa")
                .layer("console").definedBy("org.tongfa.console..")
                .layer("reports").definedBy("org.tongfa.report..")
                .layer("features").definedBy("org.tongfa.item..", "org.tongfa.asset..", "org.tongfa.account..", "org.tongfa.audit..")
                .layer("checks").definedBy("org.tongfa.check..")
                .layer("compliance").definedBy("org.tongfa.compliance..")
                .layer("adapters").definedBy("org.tongfa.channel..")
                .layer("adapter support").definedBy("org.tongfa.net..", "org.tongfa.published..")
                .layer("core").definedBy("org.tongfa.delivery..")
                .layer("web").definedBy("org.tongfa.web..", "org.tongfa.security..")
                .layer("foundations").definedBy("org.tongfa.config..", "org.tongfa.text..", "org.tongfa.common..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("console").mayOnlyAccessLayers("reports", "features", "checks", "compliance", "adapters", "adapter support", "core", "web", "foundations")
                // The annual report reads the items' and the ledger's tables by SQL, not through their beans.
                .whereLayer("reports").mayOnlyAccessLayers("features", "core", "web", "foundations")
                .whereLayer("features").mayOnlyAccessLayers("checks", "core", "web", "foundations")
                // The checks know no item internals (the item package builds their subject) and no channel.
                .whereLayer("checks").mayOnlyAccessLayers("adapter support", "foundations")
                // The freshness monitor reads publication data through its own port, never through an adapter.
                .whereLayer("compliance").mayOnlyAccessLayers("web", "foundations")
                .whereLayer("adapters").mayOnlyAccessLayers("adapter support", "core", "web", "foundations")
                .whereLayer("adapter support").mayOnlyAccessLayers("core", "foundations")
                .whereLayer("core").mayOnlyAccessLayers("web", "foundations")
                .whereLayer("web").mayOnlyAccessLayers("foundations")
                .whereLayer("foundations").mayNotAccessAnyLayer()
                // A new top-level package fails here until it is given its place above.
                .ensureAllClassesAreContainedInArchitecture()
                .check(classes);
    }

    @Test
    void everyChannelAdapterStandsAlone() {
        slices().matching("org.tongfa.channel.(*)..").namingSlices("channel $1")
                .should().notDependOnEachOther()
                .check(classes);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("org.tongfa.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void okHttpOnlyInTheAdaptersThatCallOutAndInTheirGuard() {
        // The WeChat adapter hands its own OkHttp client (timeouts, no silent retry) to WxJava; the link check
        // fetches the links an item gives, through the same private-network guard as the webhooks.
        noClasses().that().resideOutsideOfPackages("org.tongfa.channel.webhook..", "org.tongfa.channel.feed..", "org.tongfa.check.links..",
                        "org.tongfa.channel.wechat..", "org.tongfa.net..")
                .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .check(classes);
    }

    @Test
    void wxJavaOnlyInTheWeChatAdapter() {
        noClasses().that().resideOutsideOfPackage("org.tongfa.channel.wechat..")
                .should().dependOnClassesThat().resideInAPackage("me.chanjar..")
                .check(classes);
    }

    @Test
    void romeOnlyInTheFeedAdapter() {
        noClasses().that().resideOutsideOfPackage("org.tongfa.channel.feed..")
                .should().dependOnClassesThat().resideInAPackage("com.rometools..")
                .check(classes);
    }

    @Test
    void openCcOnlyInTheWebsiteAdapter() {
        noClasses().that().resideOutsideOfPackage("org.tongfa.channel.website..")
                .should().dependOnClassesThat().resideInAPackage("com.github.houbb..")
                .check(classes);
    }

    @Test
    void luceneOnlyInTheSiteSearch() {
        noClasses().that().resideOutsideOfPackage("org.tongfa.channel.website.search..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
                .check(classes);
    }

    @Test
    void adaptersUseTheCoresPortsNeverItsBeans() {
        // The core's types, interfaces and exceptions are the port (PartnerReports is the way in for a
        // partner's callback); its Spring beans (ledger, worker, stores) are how it keeps its promises, and an
        // adapter that calls them goes around it. The one bean an adapter may use is the registry, through
        // which its own HTTP side (a callback, a public page) finds its running channels.
        DescribedPredicate<JavaClass> coreBeans = describe("the core's beans but the channel registry",
                c -> c.getPackageName().startsWith("org.tongfa.delivery") && c.isMetaAnnotatedWith(Component.class)
                        && !c.isEquivalentTo(ChannelRegistry.class));
        noClasses().that().resideInAnyPackage(ADAPTER_SIDE)
                .should().dependOnClassesThat(coreBeans)
                .check(classes);
    }

    @Test
    void channelFactoriesAreReachedOnlyThroughThePort() {
        // A factory is called by the registry through ChannelFactory at start-up; a class holding on to a
        // concrete factory is reading the channel it happened to create last.
        DescribedPredicate<JavaClass> factoryOrItsPart = orAPartOfOne("a channel factory",
                c -> c.isAssignableTo(ChannelFactory.class));
        noClasses().that(not(factoryOrItsPart))
                .should().dependOnClassesThat(implement(ChannelFactory.class))
                .check(classes);
    }

    @Test
    void httpIsServedOnlyAtTheEdge() {
        // Controllers, servlet filters and the web and security packages answer HTTP; nothing behind them
        // (the core, adapters' delivery code, stores, foundations) knows a request, a status or a problem
        // answer. The item feature has its own rule, theDomainSpeaksNoHttp. The audit trail's recorder reads the
        // current request's remote address (the source address of the action it records) and nothing else of HTTP.
        DescribedPredicate<JavaClass> endpointOrItsPart = orAPartOfOne("an HTTP endpoint",
                c -> c.isMetaAnnotatedWith(Controller.class) || c.isMetaAnnotatedWith(ControllerAdvice.class)
                        || c.isAssignableTo("jakarta.servlet.Filter") || c.getName().equals("org.tongfa.audit.AuditRecorder"));
        noClasses().that().resideOutsideOfPackages("org.tongfa.web..", "org.tongfa.security..", "org.tongfa.item..", "org.tongfa.console..")
                .and(not(endpointOrItsPart))
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..", "org.tongfa.web..")
                .check(classes);
    }

    /** The classes {@code kind} matches, and the classes nested in one of them (a lambda's is the same class). */
    private static DescribedPredicate<JavaClass> orAPartOfOne(String description, Predicate<JavaClass> kind) {
        return describe(description + " or a part of one", c -> {
            for (Optional<JavaClass> at = Optional.of(c); at.isPresent(); at = at.get().getEnclosingClass()) {
                if (kind.test(at.get())) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void theDomainSpeaksNoHttp() {
        // Refusals are ItemRefusal; the controllers and ItemRefusalAnswers (the feature's edge) turn them into
        // HTTP. @RestController(Advice) is meta-annotated with @Controller(Advice), so both kinds are exempt.
        noClasses().that().resideInAPackage("org.tongfa.item..")
                .and().areNotMetaAnnotatedWith(Controller.class)
                .and().areNotMetaAnnotatedWith(ControllerAdvice.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.web..", "org.springframework.http..",
                        "org.springframework.web..", "jakarta.servlet..")
                .check(classes);
    }
}
