"""The application: main loop, input translated into named actions, camera controllers, modes."""
