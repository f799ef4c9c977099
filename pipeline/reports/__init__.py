"""Reports: ``reports/index.html`` (``index``), one page per specialty (``specialty``, with its data in
``specialty_data`` and its wording in ``formatting``), the validation page (``validation``) and PDF printing
with headless Chromium (``browser``). Templates are in ``templates/``."""
