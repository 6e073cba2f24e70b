"""The officer's daily work and the reminders: reception plans, activities, the visits log, appointments,
reminder rules and congress sessions, notices to deputies. Namespace "activities"."""

from django.urls import path

from liaison.activities import (
    appointment_views,
    book_views,
    import_views,
    notice_views,
    reach_views,
    reception_views,
    reminder_views,
    views,
    visit_views,
)

app_name = "activities"
# The three outputs of a book (liaison/core/books.py), each URL naming its own.
XLSX, PRINT, PDF = {"output": "xlsx"}, {"output": "print"}, {"output": "pdf"}

urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/calendar/", views.activity_calendar, name="calendar"),
    path("activities/new/", views.activity_create_view, name="create"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:pk>/publish/", views.activity_publish_view, name="publish"),
    path("activities/<int:pk>/move-to-working-day/", views.activity_move_view, name="move_to_working_day"),
    path("activities/<int:pk>/cancel/", views.activity_cancel_view, name="cancel"),
    path("activities/<int:pk>/attendance/", views.activity_attendance, name="attendance"),
    path("activities/<int:pk>/summary/", views.activity_summary, name="summary"),
    path("activities/<int:pk>/voters/", views.reception_voters, name="reception_voters"),
    path("activities/<int:pk>/guests/", reception_views.reception_guests, name="guests"),
    path(
        "activities/guests/<int:pk>/remove/", reception_views.reception_guest_remove_view, name="guest_remove"
    ),
    path("activities/book/export/", book_views.activity_book_view, XLSX, name="activity_book_export"),
    path("activities/book/print/", book_views.activity_book_view, PRINT, name="activity_book_print"),
    path("activities/book/pdf/", book_views.activity_book_view, PDF, name="activity_book_pdf"),
    path("activities/import/", import_views.activity_import_page, name="import"),
    path("activities/import/template/", import_views.activity_import_template, name="import_template"),
    path("activities/mine/", views.my_activities, name="mine"),
    path("activities/mine/feed/reset/", views.feed_reset, name="feed_reset"),
    path("activities/invitations/<int:pk>/reply/", views.invitation_reply_view, name="reply"),
    path("plans/", reception_views.plan_list, name="plans"),
    path("plans/new/", reception_views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", reception_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/generate/", reception_views.plan_generate_view, name="plan_generate"),
    path("visits/", visit_views.visit_list, name="visits"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit_detail"),
    path("visits/book/export/", book_views.reception_book_view, XLSX, name="reception_book_export"),
    path("visits/book/print/", book_views.reception_book_view, PRINT, name="reception_book_print"),
    path("visits/book/pdf/", book_views.reception_book_view, PDF, name="reception_book_pdf"),
    path("appointments/", appointment_views.appointment_list, name="appointments"),
    path("appointments/new/", appointment_views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", appointment_views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/reveal/", appointment_views.appointment_reveal, name="appointment_reveal"),
    path(
        "appointments/<int:pk>/propose/",
        appointment_views.appointment_propose_view,
        name="appointment_propose",
    ),
    path("appointments/<int:pk>/close/", appointment_views.appointment_close_view, name="appointment_close"),
    path("reminders/", reminder_views.reminder_list, name="reminders"),
    path("reminders/<int:pk>/retry/", reminder_views.reminder_retry, name="reminder_retry"),
    path("reminders/<int:pk>/resend/", reach_views.reminder_resend, name="reminder_resend"),
    path("reminders/unreachable/", reach_views.unreachable_list, name="unreachable"),
    path("reminders/deputies/<int:pk>/", reach_views.deputy_reminders, name="deputy_reminders"),
    path("reminders/deputies/<int:pk>/reached/", reach_views.deputy_reached, name="deputy_reached"),
    path("reminders/rules/", reminder_views.rule_list, name="rules"),
    path("reminders/rules/<int:pk>/", reminder_views.rule_edit, name="rule_edit"),
    path("reminders/sessions/new/", reminder_views.session_edit, name="session_create"),
    path("reminders/sessions/<int:pk>/", reminder_views.session_edit, name="session_edit"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/new/", notice_views.notice_create_view, name="notice_create"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/cancel/", notice_views.notice_cancel_view, name="notice_cancel"),
    path("notices/<int:pk>/remind/", notice_views.notice_remind_view, name="notice_remind"),
    # Public: no account needed.
    path("n/<str:token>/", notice_views.notice_read, name="notice_read"),
    path("notice/<int:pk>/", reception_views.activity_notice, name="notice"),
    path("notice/<int:pk>/print/", reception_views.activity_notice_print, name="notice_print"),
    path("board/<int:pk>/", reception_views.station_board, name="board"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
