"""The Streamlit views of the framing dashboard (the only package besides app.py that imports streamlit)."""
