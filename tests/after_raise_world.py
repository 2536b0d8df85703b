"""Raises followed after their plans, written as parse contracts (tests/contracts.py).

- 甲芯 (688201), 2022: plan → registered prospectus → 80,000 of a 100,000 cap raised →
  commitments re-allocated to the net 78,500 → two use reports → the chip project delayed a
  year → the computing-centre project completed, its surplus to working capital.
- 乙智能 (688202), 2023: plan → 修订稿 → withdrawn before issue.
- 丙医疗 (688203), 2022 simplified raise: one use report carrying its IPO money's table and
  the refinancing's table.
- 云从科技 (688327), 2023: 预案 (363,519.00) → 二次修订稿 (185,200.00, 2024-04-08), nothing after.

The companies but 云从科技 and all figures are invented; 云从科技's caps and dates are its
published ones.
"""
from __future__ import annotations

from typing import Any

from tests.contracts import budget, change, doc, progress, project, raised

Doc = tuple[dict[str, Any], dict[str, Any]]
CHIP = "先进工艺平台芯片项目"
CENTRE = "智能计算中心建设项目"
WC = "补充流动资金"
HINT_JIA = "2022年度向特定对象发行A股股票"
JIA = "688201-specific_targets-2022"
YI = "688202-specific_targets-2023"
BING = "688203-simplified-2022"
YUNCONG = "688327-specific_targets-2023"


def jia_plan() -> list[Doc]:
    projects = [project(CHIP, 60000.0, 60000.0, budget("设备购置费", 45000.0), budget("研发人员薪酬", 15000.0), months=36),
                project(CENTRE, 30000.0, 30000.0, months=24), project(WC, 10000.0, 10000.0)]
    return [
        doc("a1", "688201", "2022年度向特定对象发行A股股票预案", "2022-06-01", 100000.0, *projects, name="甲芯"),
        doc("a2", "688201", "2022年度向特定对象发行A股股票募集说明书(注册稿)", "2023-01-10", 100000.0, *projects,
            name="甲芯"),
    ]


def jia_rows(chip: tuple[float, float, float, str], centre: tuple[float, float, float, str]) -> list[dict[str, Any]]:
    """A 对照表 of 甲芯's raise: (invested in the period, to date, progress %, ready date) per project."""
    return [progress(CHIP, HINT_JIA, 60000.0, 50000.0, *chip, seq=1),
            progress(CENTRE, HINT_JIA, 30000.0, 22000.0, *centre, seq=2),
            progress(WC, HINT_JIA, 10000.0, 6500.0, 0.0, 6500.0, 100.0, None, seq=3)]


def jia_after() -> list[Doc]:
    return [
        doc("r1", "688201", "2022年度向特定对象发行A股股票发行情况报告书", "2023-03-20", None, kind="issuance_result",
            raise_actual=raised(80000.0, 78500.0, "2023-03-17", HINT_JIA, shares=6606110, price=121.10), name="甲芯"),
        doc("n1", "688201", "关于调整募集资金投资项目拟投入募集资金金额的公告", "2023-03-28", None, kind="reallocation",
            offering=None, name="甲芯", changes=[
                change("reallocation", CHIP, before=60000.0, after=50000.0),
                change("reallocation", CENTRE, before=30000.0, after=22000.0),
                change("reallocation", WC, before=10000.0, after=6500.0)]),
        doc("u1", "688201", "2023年半年度募集资金存放与实际使用情况的专项报告", "2023-08-25", None, kind="use_report",
            offering=None, name="甲芯", period_end="2023-06-30",
            rows=jia_rows((8000.0, 8000.0, 16.0, "2025-12"), (5500.0, 5500.0, 25.0, "2024-12"))),
        doc("u2", "688201", "2023年年度募集资金存放与实际使用情况的专项报告", "2024-04-20", None, kind="use_report",
            offering=None, name="甲芯", period_end="2023-12-31",
            rows=jia_rows((7000.0, 15000.0, 30.0, "2025-12"), (14500.0, 20000.0, 90.91, "2024-12"))),
        doc("d1", "688201", "关于部分募投项目延期的公告", "2024-06-15", None, kind="use_change", offering=None, name="甲芯",
            changes=[change("delay", CHIP, old_ready="2025-12", new_ready="2026-12")]),
        doc("c1", "688201", "关于部分募投项目结项并将节余募集资金永久补充流动资金的公告", "2025-01-10", None,
            kind="use_change", offering=None, name="甲芯",
            changes=[change("completion", CENTRE, amount=1800.5, to_wc=True)]),
    ]


def yi() -> list[Doc]:
    return [
        doc("y1", "688202", "2023年度向特定对象发行A股股票预案", "2023-05-10", 120000.0,
            project("多模态大模型训练平台项目", 100000.0, 90000.0, months=36), project(WC, 30000.0, 30000.0), name="乙智能"),
        doc("y2", "688202", "2023年度向特定对象发行A股股票预案(修订稿)", "2023-10-20", 110000.0,
            project("多模态大模型训练平台项目", 100000.0, 85000.0, months=36), project(WC, 25000.0, 25000.0), name="乙智能"),
        doc("y3", "688202", "关于终止2023年度向特定对象发行A股股票事项并撤回申请文件的公告", "2024-03-15", None,
            kind="withdrawal", name="乙智能"),
    ]


def bing() -> list[Doc]:
    hint = "2022年度以简易程序向特定对象发行股票"
    return [
        doc("b1", "688203", "2022年度以简易程序向特定对象发行股票预案", "2022-09-01", 29000.0,
            project("智能诊断设备产业化项目", 20000.0, 20000.0, months=24), project(WC, 9000.0, 9000.0),
            offering="simplified", name="丙医疗"),
        doc("b2", "688203", "2023年度募集资金存放与实际使用情况的专项报告", "2024-04-25", None, kind="use_report",
            offering=None, name="丙医疗", period_end="2023-12-31",
            raise_actual=raised(28500.0, 27800.0, "2023-03-10", hint),
            rows=[progress("研发中心建设项目", "首次公开发行股票", 15000.0, 15000.0, 2000.0, 14000.0, 93.33, "2023-12", seq=1),
                  progress("智能诊断设备产业化项目", hint, 20000.0, 19500.0, 6000.0, 9000.0, 46.15, "2024-12", seq=1),
                  progress(WC, hint, 9000.0, 8300.0, 0.0, 8300.0, 100.0, None, seq=2)]),
    ]


def yuncong() -> list[Doc]:
    big = project("云从“行业精灵”大模型研发项目", 363519.0, 363519.0, budget("场地购置及装修费", 55440.0),
                  budget("研发设备购置费", 209400.0), budget("人力资源成本", 76020.0), budget("其他费用", 22659.0),
                  months=36)
    return [
        doc("z1", "688327", "2023年度向特定对象发行A股股票预案", "2023-03-31", 363519.0, big, name="云从科技"),
        doc("z2", "688327", "2023年度向特定对象发行A股股票预案(二次修订稿)", "2024-04-08", 185200.0,
            project("云从“行业精灵”大模型研发项目", 363519.0, 185200.0, months=36), name="云从科技"),
    ]


def world_docs() -> list[Doc]:
    return [*jia_plan(), *jia_after(), *yi(), *bing(), *yuncong()]
