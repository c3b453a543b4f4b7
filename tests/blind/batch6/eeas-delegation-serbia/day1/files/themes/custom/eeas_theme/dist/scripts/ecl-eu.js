/* ECL EU scripts (fixture placeholder) */
