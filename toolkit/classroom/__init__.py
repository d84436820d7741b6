"""The classroom: what the toolkit adds to a JupyterHub (sign-in names, each learner's
server, the class folder and the class dashboard service).

JupyterHub does the classroom's work (sign-in, one server per learner, culling, Kubernetes
past one machine); this package supplies the hub's settings (`settings`), the learner names
it accepts (`names`), the spawner that gives each learner a home and a course copy
(`spawner`), the class folder both sides share (`class_folder`) and the dashboard
(`dashboard`). The hub config itself is `deploy/jupyterhub_config.py`.
"""
