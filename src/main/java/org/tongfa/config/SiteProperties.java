package org.tongfa.config;

import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.tongfa.text.Printable;

/**
 * Who runs the public site, bound from {@code tongfa.site.*}: what every public channel says about
 * the bureau (the website's header and footer, the feeds' titles, the lobby screens' header). The
 * national guidelines for government websites (政府网站发展指引) require most of it on every page.
 * A blank value leaves its element out of the page; with {@code strict: true} a blank required value
 * stops start-up instead (see {@link #missingRequired()}).
 *
 * @param name the site's name (网站名称), in every page title and header
 * @param organiser the organiser (主办单位)
 * @param organiserUrl the organiser's own website, if it has one
 * @param undertaker who runs the site for the organiser (承办单位), if not the organiser
 * @param description one sentence about the site, for feeds and the home page's description
 * @param language the pages' language tag
 * @param siteCode the 网站标识码 issued for the site (10 characters for a site, 15 for a column)
 * @param icp the ICP 备案 (beian.miit.gov.cn)
 * @param publicSecurity the 公安机关备案 (beian.mps.gov.cn)
 * @param conacUrl the 党政机关网站 mark's verification link (bszs.conac.cn)
 * @param conacImage the mark's image; blank shows a text mark
 * @param contact the 联系我们 details
 * @param errorReportUrl the 我为政府网站找错 link; {@code {siteCode}} and {@code {url}} (the page's
 *     address, URL-encoded) are filled in
 * @param portal the portal this site is part of (集约化), shown in the header and footer
 * @param strict stop start-up when a required value ({@link #missingRequired()}) is blank
 */
public record SiteProperties(
        @Printable @DefaultValue("政府信息发布") String name,
        @Printable String organiser,
        String organiserUrl,
        @Printable String undertaker,
        @Printable String description,
        @DefaultValue("zh-CN") String language,
        @Printable String siteCode,
        @Valid @DefaultValue Filing icp,
        @Valid @DefaultValue Filing publicSecurity,
        String conacUrl,
        String conacImage,
        @Valid @DefaultValue Contact contact,
        @DefaultValue("https://zfwzzc.www.gov.cn/check_web/errorSubmit?site_code={siteCode}&url={url}")
        String errorReportUrl,
        @Valid @DefaultValue Link portal,
        @DefaultValue("false") boolean strict) {

    /**
     * A filing number and the register that shows it.
     *
     * @param number the number as it must appear, e.g. {@code 粤ICP备12345678号}
     * @param url the register's page for it
     */
    public record Filing(@Printable String number, String url) {
    }

    /** The 联系我们 details; each blank one is left out. */
    public record Contact(
            @Printable String address,
            @Printable String postcode,
            @Printable String phone,
            @Printable String email,
            @Printable String hours) {
    }

    /** A named link. */
    public record Link(@Printable String name, String url) {
    }

    /** The keys, under {@code tongfa.site}, that must be set for {@code strict: true}. */
    public List<String> missingRequired() {
        List<String> missing = new ArrayList<>();
        check(missing, "name", name);
        check(missing, "organiser", organiser);
        check(missing, "site-code", siteCode);
        check(missing, "icp.number", icp.number());
        check(missing, "public-security.number", publicSecurity.number());
        check(missing, "public-security.url", publicSecurity.url());
        check(missing, "conac-url", conacUrl);
        check(missing, "contact.phone", contact.phone());
        check(missing, "contact.address", contact.address());
        return missing;
    }

    private static void check(List<String> missing, String key, String value) {
        if (value == null || value.isBlank()) {
            missing.add(key);
        }
    }
}
