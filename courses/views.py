from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import CoursePage
from .search import search_pages


def my_learning(request: HttpRequest) -> HttpResponse:
    """A member of staff's home: the courses open to them."""
    courses = CoursePage.objects.live().order_by("path")
    return render(request, "courses/my_learning.html", {"courses": courses})


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = search_pages(query) if query else []
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "courses/search.html", {"query": query, "results": page})
