package org.tongfa.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.tongfa.text.Printable;

/**
 * The topic classification (主题分类) an item's {@code topic} is chosen from, bound from
 * {@code tongfa.topics}. The default is the 22 first-level topics of the State Council's public
 * information classification (国务院公文主题分类, as gov.cn's 政府信息公开 and 政策文件库 use them); a
 * bureau whose provincial catalogue differs, or that files under second-level topics, lists its own
 * (for instance {@code 工业、交通/信息产业（含电信）}). A configured list replaces the default whole.
 *
 * @param topics the topics, as they are shown and sent to channels
 */
public record TopicProperties(
        @NotEmpty @DefaultValue({"国务院组织机构", "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源",
                "农业、林业、水利", "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
                "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法",
                "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他"})
        List<@NotBlank @Printable @Size(max = 64) String> topics) {

    public TopicProperties {
        topics = List.copyOf(topics);
    }

    /** Whether {@code topic} is one of the configured topics. */
    public boolean knows(String topic) {
        return topics.contains(topic);
    }
}
