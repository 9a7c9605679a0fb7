import PangolinCLI

await PangolinUser.runAsCommandLine()
