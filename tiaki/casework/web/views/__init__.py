"""Casework pages: cases and tasks (cases), notes (notes), plans and Family
Group Conferences (plans), court orders, documents and emails (records)."""
