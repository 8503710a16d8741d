"""Casework forms: the case page's and notes' (cases), and the records on a
case: plans, conferences, orders, documents and emails (records)."""
