/* Intentionally empty: meson needs a source to declare a placeholder static library. */
