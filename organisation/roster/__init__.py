"""The staff roster: reading, checking, planning and writing imports, and the export."""
