package org.tongfa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code: one core with a Channel port that knows no outside system, one package per
 * outside system, and adapters that never reach into each other or into the item feature.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tongfa");
    }

    @Test
    void theDeliveryCoreImportsNoSdkAndNoAdapter() {
        noClasses().that().resideInAPackage("org.tongfa.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "me.chanjar..", "com.rometools..",
                        "org.tongfa.channel..", "org.tongfa.item..", "org.tongfa.asset..")
                .check(classes);
    }

    @Test
    void channelAdaptersDependOnlyOnTheCoreNotOnEachOtherOrOnItems() {
        noClasses().that().resideInAPackage("org.tongfa.channel.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.folder..", "org.tongfa.item..",
                        "org.tongfa.asset..")
                .check(classes);
        noClasses().that().resideInAPackage("org.tongfa.channel.folder..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.webhook..", "org.tongfa.item..",
                        "org.tongfa.asset..", "okhttp3..")
                .check(classes);
    }

    @Test
    void pullChannelsShareOnlyTheirStoreAndNeverReachIntoItemsOrOtherAdapters() {
        noClasses().that().resideInAPackage("org.tongfa.channel.feed..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.website..",
                        "org.tongfa.channel.webhook..", "org.tongfa.channel.folder..", "org.tongfa.item..",
                        "org.tongfa.asset..")
                .check(classes);
        noClasses().that().resideInAPackage("org.tongfa.channel.website..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.feed..",
                        "org.tongfa.channel.webhook..", "org.tongfa.channel.folder..", "org.tongfa.item..",
                        "org.tongfa.asset..", "okhttp3..", "com.rometools..")
                .check(classes);
        noClasses().that().resideInAPackage("org.tongfa.published..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.feed..",
                        "org.tongfa.channel.website..", "org.tongfa.item..", "okhttp3..", "com.rometools..")
                .check(classes);
    }

    @Test
    void onlyTheHttpAdaptersTalkHttpThroughOkHttp() {
        // The WeChat adapter hands its own OkHttp client (timeouts, no silent retry) to WxJava.
        noClasses().that().resideOutsideOfPackages("org.tongfa.channel.webhook..", "org.tongfa.channel.feed..",
                        "org.tongfa.channel.wechat..", "org.tongfa.net..")
                .should().dependOnClassesThat().resideInAPackage("okhttp3..")
                .check(classes);
    }

    @Test
    void theSharedHttpSupportDependsOnNoAdapter() {
        noClasses().that().resideInAPackage("org.tongfa.net..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.webhook..",
                        "org.tongfa.channel.feed..", "org.tongfa.channel.wechat..", "org.tongfa.channel.website..",
                        "org.tongfa.channel.folder..", "org.tongfa.channel.display..", "org.tongfa.published..",
                        "org.tongfa.item..", "org.tongfa.asset..")
                .check(classes);
    }

    @Test
    void theDisplayAdapterReachesNeitherItemsNorOtherAdapters() {
        noClasses().that().resideInAPackage("org.tongfa.channel.display..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.item..", "org.tongfa.asset..",
                        "org.tongfa.channel.feed..", "org.tongfa.channel.webhook..", "org.tongfa.channel.folder..")
                .check(classes);
    }

    @Test
    void onlyTheWeChatAdapterUsesWxJava() {
        noClasses().that().resideOutsideOfPackage("org.tongfa.channel.wechat..")
                .should().dependOnClassesThat().resideInAPackage("me.chanjar..")
                .check(classes);
        noClasses().that().resideInAPackage("org.tongfa.channel.wechat..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tongfa.channel.webhook..",
                        "org.tongfa.channel.folder..", "org.tongfa.item..", "org.tongfa.asset..")
                .check(classes);
    }
}
