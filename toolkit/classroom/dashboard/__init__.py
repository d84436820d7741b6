"""The class dashboard: a JupyterHub service at /services/class-dashboard/ for instructors.

`class_view` turns the class folder into the dashboard's data (grading with the same code
as `cpt97530 grade`); `service` is the web service (hub sign-in, the page, the downloads).
"""
