import PangolinCLI

await PangolinUser.main()
