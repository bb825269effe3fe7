package org.tongfa.support;

import java.util.List;
import java.util.Map;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.ItemRequest;
import org.tongfa.item.Priority;

/**
 * Realistic items of a municipal bureau for browser checks and screenshots: a long policy document
 * with tables and an outside link, a budget disclosure with a wide table, notices and news.
 */
public final class SampleItems {

    public static final String POLICY_TITLE = "关于印发《示例市促进中小企业数字化转型若干措施》的通知";

    private SampleItems() {
    }

    /** The long policy with its tables: the page that shows most of what the site does. */
    public static ItemRequest policy() {
        String body = """
                <p>各区人民政府，市政府各部门、各直属机构：</p>
                <p>《示例市促进中小企业数字化转型若干措施》已经市人民政府同意，现印发给你们，请认真组织实施。实施中遇到的问题，请径向市工业和信息化局反映。</p>
                <h2>一、总体要求</h2>
                <p>以制造业中小企业为重点，坚持“企业主体、政府引导、分业施策、梯次推进”，到2027年底，全市规模以上工业企业数字化改造基本覆盖，培育数字化转型标杆企业100家以上，推动5000家以上中小企业“上云用数赋智”。</p>
                <h2>二、主要措施</h2>
                <p>（一）开展数字化诊断。组织服务机构为中小企业免费提供数字化转型诊断服务，每家企业诊断费用由市级财政按不超过2万元的标准给予补助。</p>
                <p>（二）支持改造升级。对完成数字化改造并通过验收的企业，按项目实际投入的20%给予补助，单个企业最高不超过300万元。</p>
                <p>（三）培育服务商。遴选一批数字化转型服务商，建立服务商资源池，实行动态管理。</p>
                <table>
                <caption>表1 市级财政资金安排（单位：万元）</caption>
                <thead><tr><th scope="col">支持方向</th><th scope="col">2025年</th><th scope="col">2026年</th><th scope="col">2027年</th><th scope="col">合计</th></tr></thead>
                <tbody>
                <tr><th scope="row">数字化转型诊断补助</th><td>2,000</td><td>3,000</td><td>3,000</td><td>8,000</td></tr>
                <tr><th scope="row">数字化改造项目补助</th><td>15,000</td><td>20,000</td><td>25,000</td><td>60,000</td></tr>
                <tr><th scope="row">公共服务平台建设</th><td>1,500</td><td>1,500</td><td>1,000</td><td>4,000</td></tr>
                <tr><th scope="row">人才培训</th><td>500</td><td>800</td><td>800</td><td>2,100</td></tr>
                <tr><th scope="row">合计</th><td>19,000</td><td>25,300</td><td>29,800</td><td>74,100</td></tr>
                </tbody></table>
                <h2>三、申报条件</h2>
                <table>
                <caption>表2 申报主体及条件</caption>
                <thead><tr><th scope="col">申报主体</th><th scope="col">基本条件</th><th scope="col">申报材料</th></tr></thead>
                <tbody>
                <tr><th scope="row">中小企业</th><td>在本市注册登记、具有独立法人资格，近三年无重大安全、环保、质量事故</td><td>申报书、项目合同及发票、验收报告</td></tr>
                <tr><th scope="row">服务商</th><td>具有数字化转型相关业务经验，近两年服务本市企业不少于10家</td><td>申报书、服务案例、资质证明</td></tr>
                </tbody></table>
                <h2>四、保障措施</h2>
                <p>各区要建立工作协调机制，明确责任分工，加强资金保障。市工业和信息化局会同市财政局制定资金管理细则，加强绩效评价。有关国家政策详见<a href="https://www.miit.gov.cn/">工业和信息化部网站</a>。</p>
                <p>本措施自印发之日起施行，有效期至2027年12月31日。</p>
                """;
        return request(POLICY_TITLE, "policies", body, "示工信规〔2026〕3号", Priority.NORMAL);
    }

    /** A budget disclosure with a table wider than a phone. */
    public static ItemRequest budget() {
        String body = """
                <p>根据《中华人民共和国预算法》和政府信息公开有关规定，现将示例市工业和信息化局2026年部门预算公开如下。</p>
                <table>
                <caption>2026年部门收支预算总表（单位：万元）</caption>
                <thead><tr><th scope="col">项目</th><th scope="col">本年预算</th><th scope="col">一般公共预算</th><th scope="col">政府性基金</th><th scope="col">国有资本经营</th><th scope="col">事业收入</th><th scope="col">其他收入</th><th scope="col">上年结转</th></tr></thead>
                <tbody>
                <tr><th scope="row">一般公共服务支出</th><td>3,215.40</td><td>3,105.40</td><td>0</td><td>0</td><td>0</td><td>60.00</td><td>50.00</td></tr>
                <tr><th scope="row">科学技术支出</th><td>12,480.00</td><td>11,980.00</td><td>0</td><td>0</td><td>0</td><td>0</td><td>500.00</td></tr>
                <tr><th scope="row">资源勘探工业信息等支出</th><td>68,902.15</td><td>60,402.15</td><td>5,000.00</td><td>2,000.00</td><td>0</td><td>500.00</td><td>1,000.00</td></tr>
                <tr><th scope="row">社会保障和就业支出</th><td>846.32</td><td>846.32</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
                <tr><th scope="row">合计</th><td>85,443.87</td><td>76,333.87</td><td>5,000.00</td><td>2,000.00</td><td>0</td><td>560.00</td><td>1,550.00</td></tr>
                </tbody></table>
                <p>与上年相比，本年预算增加4,215.60万元，主要是中小企业数字化转型专项资金增加。</p>
                """;
        return request("示例市工业和信息化局2026年部门预算公开", "notices", body, null, Priority.NORMAL);
    }

    /** Short news and notices for the lists. */
    public static List<ItemRequest> lists() {
        return List.of(
                news("全市规模以上工业增加值同比增长6.8%", "前三季度，全市规模以上工业增加值同比增长6.8%，高于全国平均水平。"),
                news("市工业和信息化局召开中小企业数字化转型现场推进会", "会议总结试点经验，部署下一阶段工作。"),
                news("2026年示例市工业互联网创新发展大会开幕", "大会发布了20个工业互联网典型应用场景。"),
                news("我局组织开展安全生产大检查", "检查覆盖全市重点工业企业120家。"),
                request("关于开展2026年度专精特新中小企业申报工作的通知", "notices",
                        "<p>各区工业和信息化主管部门：</p><p>现开展2026年度专精特新中小企业申报工作，申报截止时间为2026年12月20日。</p>",
                        "示工信函〔2026〕88号", Priority.URGENT),
                request("关于2026年第二批工业和信息化专项资金拟支持项目的公示", "notices",
                        "<p>公示期为2026年12月1日至12月7日。</p>", null, Priority.NORMAL));
    }

    private static ItemRequest news(String title, String text) {
        return request(title, "news", "<p>" + text + "</p><p>" + text + "</p>", null, Priority.NORMAL);
    }

    private static ItemRequest request(String title, String column, String body, String documentNumber,
            Priority priority) {
        return new ItemRequest(title, "", body, "", "示例市工业和信息化局", column,
                new ItemRequest.Disclosure(DisclosureType.PROACTIVE, null),
                "114401000069-2026-" + String.format("%05d", Math.abs(title.hashCode() % 100000)), documentNumber, null,
                List.of(), priority, null, null, Map.of(), List.of(), List.of(), null, null, null);
    }
}
