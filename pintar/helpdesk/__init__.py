"""HaloCik: software installation tickets (SOP-052) and general IT help."""
