"""The grading service: a JupyterHub service that owns the keys, the clock and the records.

`make hub` starts it (deploy/jupyterhub_config.py) on its own machine account, never root
and never a learner; it is the only process that can read the exercise bank. A learner's
server sends answers with the learner's own hub token (`service`); the service names the
learner from the token, grades with the bank, stamps and commits the attempt
(`toolkit.course.exercises.records`) and only then answers, with what the class mode allows.
"""
