"""Disclosure: the one way out of Tiaki (docs/disclosure.md).

Every letter, export, print, share pack and partner API response is made by
one pipeline (tiaki.disclosure.services.pipeline.release) that knows its
recipient, runs the disclosure guard (tiaki.disclosure.selectors.guard),
watermarks every page (tiaki.disclosure.pdf) and records the disclosure
(models.Disclosure: what, to whom, by whom, why, and a document id)."""
