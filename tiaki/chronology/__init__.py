"""The chronology: one timeline per child that intake, casework and the care
domains all write to (docs/casework.md, "The chronology")."""
