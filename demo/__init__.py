"""The demo: generated staff, a course with a playable recording, skills and a portfolio,
and a year of history (story.py) in which training raises levels where it happened.

Apart from the product: it builds its data through the product's apps, and no app imports it.
`python manage.py seed_demo` loads it, with DEBUG on only.
"""
