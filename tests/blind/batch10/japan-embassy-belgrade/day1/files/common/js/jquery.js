/* jQuery 1.8.3 (stub) */
