"""Small local fakes of the outside services our code talks to."""
