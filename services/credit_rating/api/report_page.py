"""The printable HTML view of a credit report (信用报告, CR-12).

Every value goes through ``html.escape``: names, legal bases and commitment texts come
from other systems and from the entity itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from services.credit_rating.handlers.report_document import CreditReport

STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#111}
table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top;font-size:90%}
th{background:#eee}h1{font-size:150%}h2{font-size:120%;margin-top:1.5em}
.grade{font-size:200%;font-weight:bold}@media print{body{margin:0}}"""


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return escape(str(value))


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>"
                   for row in rows)
    if not body:
        return "<p>无 / none</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pairs(pairs: Sequence[tuple[str, object]]) -> str:
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{_text(v)}</td></tr>" for k, v in pairs)
    return f"<table>{rows}</table>"


def render_report(report: CreditReport) -> str:
    """The report as one self-contained, printable HTML page."""
    e, g = report.entity, report.grade
    parts = [
        f"<h1>信用报告 Credit report — {_text(e.name)}</h1>",
        f"<p>统一社会信用代码 {_text(e.uscc)} · 报告日 as of {_text(report.as_of)} · "
        f"{_text(report.format)} · 生成于 {_text(report.generated_at.isoformat())}</p>",
        "<h2>登记信息 Registry</h2>",
        _pairs([("名称 Name", e.name), ("法定代表人 Legal representative",
                                          e.legal_representative),
                ("住所 Registered address", e.registered_address), ("行政区划 Region", e.region),
                ("行业 Industry", e.industry), ("成立日期 Established", e.established_on),
                ("新经济 New economy", e.new_economy), ("包容期至 Tolerance until",
                                                        e.tolerance_until),
                ("包容期内 In tolerance", e.in_tolerance)]),
        "<h2>信用等级 Grade</h2>",
        f'<p><span class="grade">{_text(g.grade)}</span> {_text(g.label)} · 得分 score '
        f"{_text(g.score)} · 规则版本 rules {_text(g.rule_version)} · 三年无行政处罚 "
        f"{_text(g.no_penalty_3y)}</p>",
        _table(["维度 Dimension", "分值 Points", "说明 Explanation", "记录 Records"],
               ((f.dimension, f.points, f.explanation, ", ".join(f.record_ids))
                for f in g.factors)),
        "<h2>名单 Lists</h2>",
        _table(["名单 List", "在列 Listed", "原因 Reason"],
               [("严重失信主体名单", report.blacklist.listed, report.blacklist.reason),
                ("重点关注企业名单", report.watchlist.listed, report.watchlist.reason)]),
        "<h2>信用记录 Records</h2>",
        _table(["决定日 Decided", "类别 Kind", "程度 Severity", "部门 Department",
                "依据 Legal basis", "状态 Status", "公示中 In publicity", "公示至 Until",
                "编号 Id"],
               ((r.decided_on, r.kind_label, r.severity, r.department, r.legal_basis,
                 r.status_label, r.in_publicity, r.publicity_end, r.id)
                for r in report.records)),
        "<h2>信用承诺 Commitments</h2>",
        _table(["承诺日 Made", "类型 Kind", "部门 Department", "事项 Matter", "内容 Content",
                "状态 Status"],
               ((c.made_on, c.kind_label, c.department, c.matter, c.content, c.status)
                for c in report.commitments)),
        "<h2>信用修复 Repairs</h2>",
        _table(["申请日 Applied", "记录 Record", "部门 Department", "期限 Due", "状态 Status"],
               ((r.applied_on, r.record_id, r.department, r.due_on, r.status)
                for r in report.repairs)),
        "<h2>异议申诉 Objections</h2>",
        _table(["提出日 Filed", "记录 Record", "部门 Department", "期限 Due", "状态 Status",
                "逾期 Overdue"],
               ((o.filed_on, o.record_id, o.department, o.due_on, o.status, o.overdue)
                for o in report.objections)),
    ]
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>信用报告 {_text(e.uscc)} {_text(report.as_of)}</title>"
            f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>")
