"""Complaints (pengaduan): the public form, the complainant's status page, the staff desk and the clocks."""
