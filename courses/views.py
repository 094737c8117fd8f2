from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import history as viewing
from .search import search_pages


def my_learning(request: HttpRequest) -> HttpResponse:
    """A member of staff's home: where to continue, what is done, and each course's progress."""
    user = request.user
    context = {
        "continue_watching": viewing.continue_watching(user),
        "completed": viewing.completed_lessons(user, limit=10),
        "summary": viewing.watching_summary(user),
        "course_progress": viewing.course_progress(user),
    }
    return render(request, "courses/my_learning.html", context)


def history(request: HttpRequest) -> HttpResponse:
    rows = Paginator(viewing.history(request.user), 50).get_page(request.GET.get("page"))
    context = {"rows": rows, "summary": viewing.watching_summary(request.user)}
    return render(request, "courses/history.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = search_pages(query) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "courses/search.html", {"query": query, "results": page})
