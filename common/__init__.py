"""Rules the apps share that know nothing of the platform: no models, no imports of our packages.

Each module owns one rule that used to be written in several places (issue 13): how Japanese
office files are decoded (`text_files`), how typed text is folded before comparing
(`normalise`), and how spreadsheets are written (`spreadsheets`).
"""
