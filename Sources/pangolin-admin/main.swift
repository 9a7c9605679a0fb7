import PangolinCLI

await PangolinAdmin.main()
