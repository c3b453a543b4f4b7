// static application (fixture placeholder)
