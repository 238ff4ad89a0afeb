from tongxin.manage import main

main()
