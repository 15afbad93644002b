"""The words a reader sees (用语): Chinese for every code a notice carries, so no page
shows a raw enum value (issue 19)."""

from __future__ import annotations

SEVERITY = {"minor": "轻微", "general": "一般", "serious": "严重"}
PENALTY_KIND = {
    "public_criticism": "通报批评", "warning": "警告", "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "licence_action": "暂扣许可证件、降低资质等级、吊销许可证件",
    "business_restriction": "限制开展生产经营活动、责令停产停业、责令关闭",
    "practice_restriction": "限制从业", "detention": "行政拘留", "other": "其他行政处罚"}
WITHDRAWAL = {
    "period_ended": "公示期满", "repaired": "已信用修复", "revoked": "决定已撤销",
    "delisted": "已移出名单", "state_secret": "涉及国家秘密", "trade_secret": "涉及商业秘密",
    "personal_privacy": "涉及个人隐私", "minor": "涉及未成年人", "error": "公示有误",
    "superseded": "已被重新抽取的名单取代"}
STATUS = {"held": "待检查开始后公示", "published": "公示中", "withdrawn": "已撤下",
          "blocked": "不予公示"}
GRADE = {"A": "诚信守法", "B": "轻微失信", "C": "一般失信", "D": "严重失信"}
GROUP = {"ten": "十公示", "random_inspection": "双随机、一公开", "credit": "信用监管"}
COMMITMENT_KIND = {"approval_substitute": "审批替代型", "public_disclosure": "主动公开型",
                   "industry_self_discipline": "行业自律型", "credit_repair": "信用修复型"}
COMPLAINT_KIND = {"complaint": "投诉", "report": "举报", "suggestion": "建议"}
COMPLAINT_STATUS = {"received": "已登记，待受理", "accepted": "已受理",
                    "investigating": "调查处理中", "refused": "不予受理", "closed": "已办结",
                    "linked": "已并入先前的同一诉求"}
COMPLAINT_OUTCOME = {"substantiated": "反映问题属实", "not_substantiated": "反映问题不属实",
                     "malicious": "经查为恶意举报", "withdrawn": "已撤回", "refused": "不予受理"}


def word(table: dict[str, str], code: str | None, missing: str = "未载明") -> str:
    """The word for ``code`` in ``table``; ``missing`` for none, 其他 for an unknown one."""
    if code is None:
        return missing
    return table.get(code, "其他")


def yuan(amount: object) -> str:
    """¥ 20,000 written as a Chinese reader writes an amount: 20,000 元."""
    try:
        value = float(str(amount))
    except ValueError:
        return "—"
    return f"{value:,.2f}".removesuffix(".00") + " 元"
