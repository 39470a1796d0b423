"""The planner's terminal (Textual). The only package of the application that imports Textual."""
