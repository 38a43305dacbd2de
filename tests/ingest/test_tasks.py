"""Numbered tasks and their units, on the documents' own task lines."""

from __future__ import annotations

from ecobench.ingest.tasks import parse_units, read_tasks


def test_labelled_lead_and_responsible_units(source):
    tasks = {t.task_no: t for t in read_tasks(source("003"))}
    assert len(tasks) == 31
    chargers = tasks[7]
    assert chargers.lead_units == ["市交通运输局", "市发改委"]
    assert chargers.responsible_units == ["市工信局", "市生态环境局", "市住建局"]
    assert chargers.section_zh == "(二)有序推动绿色低碳循环发展"


def test_unlabelled_units_with_fu_ze_and_pei_he(excerpt):
    tasks = {t.task_no: t for t in read_tasks(excerpt("changjiang_tasks_excerpt.txt"))}
    assert tasks[3].responsible_units == ["区生态环境局"]
    assert tasks[3].supporting_units == ["区直有关单位"]
    assert "各乡(镇)街道" in tasks[4].responsible_units  # brackets inside a unit name
    assert tasks[28].responsible_units == []  # a task printed without units


def test_remark_beside_labels_is_not_a_unit():
    units = parse_units(
        "牵头单位:市生态环境局;责任单位:美丽赣州建设行动领导小组成员单位;"
        "各县(市、区)为以下各项重点任务责任单位,不一一列出"
    )
    assert units == {
        "responsible": ["美丽赣州建设行动领导小组成员单位"],
        "lead": ["市生态环境局"],
        "supporting": [],
    }


def test_bracket_inside_running_text_is_not_a_unit_list(source):
    tasks = {t.task_no: t for t in read_tasks(source("002"))}
    assert "街道" not in tasks[22].responsible_units  # 引导各乡镇(街道)创建…
    assert "试行" not in tasks[5].responsible_units  # 《…管理办法(试行)》


def test_every_district_task_list_is_complete(source):
    counts = {p: [t.task_no for t in read_tasks(source(p))] for p in ("000", "002", "003", "004")}
    assert counts == {
        "000": list(range(1, 31)),
        "002": list(range(1, 31)),
        "003": list(range(1, 32)),
        "004": list(range(1, 38)),
    }
    assert read_tasks(source("001")) == []  # a plan's numbered headings are not tasks


def test_hailing_lead_and_supporting_units(source):
    tasks = {t.task_no: t for t in read_tasks(source("004"))}
    assert tasks[2].lead_units == ["区绩效办"]
    assert tasks[2].supporting_units == ["海陵环保局", "各镇街", "园区"]
