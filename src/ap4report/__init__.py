"""Rule code for the NATO–AP4 bulletin workflow: data, figures, tables and rendering."""
