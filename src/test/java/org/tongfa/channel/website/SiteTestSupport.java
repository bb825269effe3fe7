package org.tongfa.channel.website;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tongfa.config.SiteProperties;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.support.TestSettings;

/** A complete site identity, as an operator sets it, and the website factory over it. */
final class SiteTestSupport {

    private SiteTestSupport() {
    }

    /** The keys under {@code tongfa.site} of a complete identity. */
    static Map<String, String> identity() {
        Map<String, String> site = new LinkedHashMap<>();
        site.put("name", "示范市工业和信息化局");
        site.put("organiser", "示范市工业和信息化局");
        site.put("undertaker", "示范市政务服务数据管理局");
        site.put("site-code", "4401000001");
        site.put("icp.number", "粤ICP备12345678号");
        site.put("icp.url", "https://beian.miit.gov.cn/");
        site.put("public-security.number", "粤公网安备 44010402000001号");
        site.put("public-security.url", "https://beian.mps.gov.cn/#/query/webSearch?code=44010402000001");
        site.put("conac-url", "https://bszs.conac.cn/sitename?method=show&id=1");
        site.put("contact.address", "示范市越秀区府前路1号");
        site.put("contact.postcode", "510000");
        site.put("contact.phone", "020-83123456");
        site.put("contact.email", "gxj@gov.example");
        site.put("portal.name", "示范市人民政府门户网站");
        site.put("portal.url", "https://www.gov.example/");
        return site;
    }

    static SiteProperties site(Map<String, String> keys) {
        Map<String, String> full = new LinkedHashMap<>();
        keys.forEach((key, value) -> full.put("tongfa.site." + key, value));
        return TestSettings.binder(full).bind("tongfa.site", SiteProperties.class);
    }

    static WebsiteChannelFactory factory(PublishedEntryStore store, Clock clock) {
        return new WebsiteChannelFactory(store, PullTestSupport.properties("site", "website"), site(identity()), clock);
    }
}
