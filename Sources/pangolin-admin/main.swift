import PangolinCLI

await PangolinAdmin.runAsCommandLine()
