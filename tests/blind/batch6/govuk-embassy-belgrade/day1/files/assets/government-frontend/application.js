// government-frontend application (fixture placeholder)
