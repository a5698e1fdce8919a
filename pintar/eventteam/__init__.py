"""Event Team support of office activities (SOP-321 steps 1-8): teams, rosters and role types as
data, the team on duty computed from the roster, the three-working-day rule, role assignment
with an explainable rotation ranking and conflicts refused by the database, documentation,
evaluations and the quarterly figures. Other packages import only
:mod:`pintar.eventteam.service`.
"""
