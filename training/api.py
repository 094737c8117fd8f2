"""The assignments API (`GET /api/v1/assignments/`, `GET /api/v1/assignments/ID/`, DESIGN.md):
the figures of the report pages as JSON, for HR systems and scripts.

Each assignment: its id, title, course or learning path, period, the day its statuses are read
on, its totals (audience, completed, in progress, not started, overdue, completion rate) and the
same per municipality (`code`, `name`); one assignment also per department. A withheld figure is
null and its row says `suppressed: true`, exactly where the pages show 秘匿. No names: those
are on the pages and in the exports, for whom `access.may_see_assignee_names` allows.
"""

from skills import privacy

from .reports import Report


def learnt(report: Report) -> dict:
    assignment = report.assignment
    if assignment.course_id is not None:
        return {"kind": "course", "id": assignment.course_id, "title": assignment.course.title}
    return {"kind": "path", "id": assignment.path_id, "title": assignment.path.title}


def assignment_json(report: Report, *, departments: bool = False) -> dict:
    assignment = report.assignment
    municipalities = []
    for row in report.municipalities:
        item = {"code": row.municipality.code, "name": row.municipality.name}
        item.update(row.figures.as_dict())
        if departments:
            item["departments"] = [
                {"id": department.department_id, "name": department.name}
                | department.figures.as_dict()
                for department in row.departments
            ]
        municipalities.append(item)
    return {
        "id": assignment.pk,
        "title": assignment.title,
        "learns": learnt(report),
        "starts_on": assignment.starts_on.isoformat(),
        "due_on": assignment.due_on.isoformat(),
        "withdrawn": not assignment.active,
        "as_of": report.day.isoformat(),
        **report.total.as_dict(),
        "municipalities": municipalities,
    }


def listing(reports: list[Report]) -> dict:
    return {
        "threshold": privacy.threshold(),
        "assignments": [assignment_json(report) for report in reports],
    }


def detail(report: Report) -> dict:
    return {"threshold": privacy.threshold(), **assignment_json(report, departments=True)}
