"""A stand-in for a Django project holding the rendered files; run from their directory.

It configures Django from the rendered settings.py (its upper-case names, as Django
reads them) and runs send_example.py, as `manage.py shell < send_example.py` would.
"""
import runpy

import django
from django.conf import settings

rendered = runpy.run_path('settings.py')
settings.configure(**{name: value for name, value in rendered.items() if name.isupper()})
django.setup()

runpy.run_path('send_example.py', run_name='__main__')
